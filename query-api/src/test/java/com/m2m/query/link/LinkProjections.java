package com.m2m.query.link;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The link read model as the {@code link-view} processing group runs it: every event goes through Axon's handler
 * dispatch to {@link LinkViewProjection} and then {@link LinkActivityProjection} (their {@code @Order}), and the
 * reads go to {@link LinkQueries} and {@link LinkActivityQueries}.
 */
public final class LinkProjections {

    private final LinkViewProjection view;
    private final LinkActivityProjection activity;
    private final LinkQueries queries;
    private final LinkActivityQueries activityQueries;
    private final List<AnnotationEventHandlerAdapter> handlers;

    public LinkProjections(JdbcTemplate jdbc, Clock clock, String publicBaseUrl) {
        this.view = new LinkViewProjection(jdbc);
        this.activity = new LinkActivityProjection(jdbc);
        this.queries = new LinkQueries(jdbc, clock, publicBaseUrl);
        this.activityQueries = new LinkActivityQueries(jdbc);
        this.handlers = List.of(new AnnotationEventHandlerAdapter(view), new AnnotationEventHandlerAdapter(activity));
    }

    /** Dispatches one event to both projections, in the processing group's order. */
    public void on(Object event) {
        for (AnnotationEventHandlerAdapter handler : handlers) {
            try {
                handler.handle(GenericEventMessage.asEventMessage(event));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public void reset() {
        view.reset();
        activity.reset();
    }

    public Page<LinkView> list(Tenant tenant, LinkListQuery query) {
        return queries.list(tenant, query);
    }

    public LinkDetail get(Tenant tenant, String linkId) {
        return queries.get(tenant, linkId);
    }

    public List<LinkActivity> activity(Tenant tenant, String linkId) {
        return activityQueries.activity(tenant, linkId);
    }

    public Optional<LinkView> find(String partnerId, Environment environment, String linkId) {
        return queries.find(partnerId, environment, linkId);
    }

    public LinkQueries queries() {
        return queries;
    }

    public LinkQueryController controller() {
        return new LinkQueryController(queries, activityQueries);
    }
}
