package com.m2m.query;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationCreatedEvent;
import com.m2m.domain.operation.PayoutSummary;
import com.m2m.domain.partner.FindPartnerSettingsQuery;
import com.m2m.domain.partner.PartnerCreatedEvent;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.user.DataRequestOpenedEvent;
import com.m2m.domain.user.DataRequestOwner;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.FindDataRequestOwnerQuery;
import com.m2m.domain.user.FindUserProfileQuery;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserProfile;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.testing.MutableClock;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.testing.TestDatabase;
import com.m2m.query.datarequest.DataRequestProjection;
import com.m2m.query.link.LinkListQuery;
import com.m2m.query.link.LinkActivityProjection;
import com.m2m.query.link.LinkActivityQueries;
import com.m2m.query.link.LinkQueries;
import com.m2m.query.link.LinkViewProjection;
import org.springframework.core.annotation.Order;
import com.m2m.query.operation.OperationViewProjection;
import com.m2m.query.partner.ApiKeyUsage;
import com.m2m.query.partner.PartnerDirectoryProjection;
import com.m2m.query.user.UserViewProjection;
import com.m2m.query.widget.WidgetStateController;
import com.m2m.query.widget.WidgetStateReader;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The projections as the application wires them: Spring beans, Axon annotated handlers. */
class WiringTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:30:00Z");

    private final TestDatabase db = TestDatabase.create("query");

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void processingGroupNames() {
        assertThat(PartnerDirectoryProjection.class.getAnnotation(ProcessingGroup.class).value())
                .isEqualTo("partner-directory");
        assertThat(LinkViewProjection.class.getAnnotation(ProcessingGroup.class).value()).isEqualTo("link-view");
        // The timeline is rebuilt with the view (one processing group) and runs after it (it reads the link row).
        assertThat(LinkActivityProjection.class.getAnnotation(ProcessingGroup.class).value()).isEqualTo("link-view");
        assertThat(LinkViewProjection.class.getAnnotation(Order.class).value())
                .isLessThan(LinkActivityProjection.class.getAnnotation(Order.class).value());
        assertThat(UserViewProjection.class.getAnnotation(ProcessingGroup.class).value()).isEqualTo("user-view");
        assertThat(DataRequestProjection.class.getAnnotation(ProcessingGroup.class).value())
                .isEqualTo("data-request-view");
        assertThat(OperationViewProjection.class.getAnnotation(ProcessingGroup.class).value())
                .isEqualTo("operation-view");
    }

    @Test
    void springCreatesEveryComponentWithTheDefaultBaseUrl() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(JdbcTemplate.class, db::jdbc);
            context.registerBean(Clock.class, () -> new MutableClock(T0));
            context.scan("com.m2m.query.partner", "com.m2m.query.link", "com.m2m.query.user",
                    "com.m2m.query.datarequest", "com.m2m.query.operation", "com.m2m.query.widget");
            context.refresh();

            assertThat(context.getBean(ApiKeyUsage.class)).isNotNull();
            assertThat(context.getBean(UserViewProjection.class)).isNotNull();
            assertThat(context.getBean(DataRequestProjection.class)).isNotNull();
            assertThat(context.getBean(OperationViewProjection.class)).isNotNull();
            assertThat(context.getBean(WidgetStateReader.class)).isNotNull();
            assertThat(context.getBean(WidgetStateController.class)).isNotNull();
            LinkViewProjection links = context.getBean(LinkViewProjection.class);
            LinkQueries queries = context.getBean(LinkQueries.class);
            assertThat(context.getBean(LinkActivityProjection.class)).isNotNull();
            assertThat(context.getBean(LinkActivityQueries.class)).isNotNull();
            links.on(new LinkCreatedEvent("link_acme_000000000001", "user_acme_1", "acme", Environment.SANDBOX, "r1",
                    "th", new LinkOptions(Map.of(), null, null, null, null), T0.plusSeconds(60), T0));
            assertThat(queries.list(new Tenant("acme", Environment.SANDBOX), LinkListQuery.all(PageRequest.first(20)))
                    .items().get(0).url())
                    .isEqualTo("http://localhost:8080/w/link_acme_000000000001/m2m-basic");
        }
    }

    @Test
    void axonDispatchesEventsAndQueriesToTheAnnotatedHandlers() throws Exception {
        PartnerDirectoryProjection directory = new PartnerDirectoryProjection(db.jdbc());
        UserViewProjection users = new UserViewProjection(db.jdbc(), new MutableClock(T0));
        AnnotationEventHandlerAdapter directoryAdapter = new AnnotationEventHandlerAdapter(directory);
        AnnotationEventHandlerAdapter usersAdapter = new AnnotationEventHandlerAdapter(users);

        directoryAdapter.handle(GenericEventMessage.asEventMessage(new PartnerCreatedEvent("acme", "Acme", T0)));
        assertThat(directory.partnerExists("acme")).isTrue();
        usersAdapter.handle(GenericEventMessage.asEventMessage(
                new UserCreatedEvent("user_acme_1", "acme", Environment.SANDBOX, "r1", List.of(), T0)));
        assertThat(db.count("user_view")).isEqualTo(1);
        assertThat(usersAdapter.canHandle(GenericEventMessage.asEventMessage(new FieldUpdateIgnoredEvent(
                "user_acme_1", null, null, null, null, null, T0)))).isTrue();

        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(directory).subscribe(queryBus);
        PartnerSettings settings = queryBus.query(new GenericQueryMessage<>(
                        new FindPartnerSettingsQuery("acme", Environment.LIVE),
                        ResponseTypes.instanceOf(PartnerSettings.class)))
                .get().getPayload();
        assertThat(settings).isEqualTo(PartnerSettings.DEFAULTS);
    }

    @Test
    void axonDispatchesDataRequestEventsAndTheOwnerQuery() throws Exception {
        DataRequestProjection requests = new DataRequestProjection(db.jdbc(), new MutableClock(T0));
        new AnnotationEventHandlerAdapter(requests).handle(GenericEventMessage.asEventMessage(
                new DataRequestOpenedEvent("user_acme_1", "dr_acme_000000000001", "link_acme_000000000001", "acme",
                        Environment.SANDBOX, "r1", List.of(), T0.plusSeconds(60), T0)));
        assertThat(db.count("data_request_view")).isEqualTo(1);

        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(requests).subscribe(queryBus);
        DataRequestOwner mine = queryBus.query(new GenericQueryMessage<>(
                        new FindDataRequestOwnerQuery("acme", Environment.SANDBOX, "dr_acme_000000000001"),
                        ResponseTypes.instanceOf(DataRequestOwner.class)))
                .get().getPayload();
        assertThat(mine).isEqualTo(new DataRequestOwner("user_acme_1"));
        DataRequestOwner foreign = queryBus.query(new GenericQueryMessage<>(
                        new FindDataRequestOwnerQuery("acme", Environment.LIVE, "dr_acme_000000000001"),
                        ResponseTypes.instanceOf(DataRequestOwner.class)))
                .get().getPayload();
        assertThat(foreign).isEqualTo(new DataRequestOwner(null));
    }

    @Test
    void axonDispatchesOperationEventsAndTheUserProfileQuery() throws Exception {
        OperationViewProjection operations = new OperationViewProjection(db.jdbc());
        new AnnotationEventHandlerAdapter(operations).handle(GenericEventMessage.asEventMessage(
                new OperationCreatedEvent("op_acme_1", "user_acme_1", "link_acme_000000000001", "acme",
                        Environment.SANDBOX, "r1", "qt_1",
                        new OperationAmount(new BigDecimal("100.00"), new BigDecimal("1725.00"),
                                new BigDecimal("17.25"), new BigDecimal("3.99"), "USD", "MXN"),
                        new PayoutSummary("bank_account", "MX", "5558"),
                        new PersonalData("bank_account|MX|014027000005555558"), T0)));
        assertThat(db.count("operation_view")).isEqualTo(1);

        UserViewProjection users = new UserViewProjection(db.jdbc(), new MutableClock(T0));
        new AnnotationEventHandlerAdapter(users).handle(GenericEventMessage.asEventMessage(
                new UserCreatedEvent("user_acme_1", "acme", Environment.SANDBOX, "r1", List.of(), T0)));
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(users).subscribe(queryBus);
        UserProfile profile = queryBus.query(new GenericQueryMessage<>(new FindUserProfileQuery("user_acme_1"),
                        ResponseTypes.instanceOf(UserProfile.class)))
                .get().getPayload();
        assertThat(profile).isEqualTo(new UserProfile("user_acme_1", UserStatus.PENDING, List.of(), null, null,
                null));
    }
}
