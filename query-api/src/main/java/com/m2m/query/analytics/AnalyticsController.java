package com.m2m.query.analytics;

import com.m2m.domain.common.QueryParams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Analyst reads ({@code ANALYST} role, checked by the application's staff authentication for {@code /analytics/}).
 * Every query takes the optional {@code partnerId}, {@code environment}, {@code from} and {@code to}
 * ({@link AnalyticsFilter}); parameters arrive as strings so that a bad one is answered 400 naming it. Results are
 * plain objects: the application adds the envelope.
 */
@RestController
public record AnalyticsController(FunnelAnalyticsProjection funnel, UserStateAnalyticsProjection users,
                                  DataRequestAnalyticsProjection dataRequests,
                                  OperationAnalyticsProjection operations) {

    /** The only bucket so far; the parameter exists so that a client asking for another learns it at once. */
    static final List<String> GRANULARITIES = List.of("day");

    @GetMapping("/analytics/funnel")
    public FunnelReport funnel(FilterParameters filter,
                               @RequestParam(name = "granularity", required = false) String granularity) {
        QueryParams.oneOf(granularity, "granularity", GRANULARITIES);
        return funnel.funnel(filter.parse());
    }

    @GetMapping("/analytics/users/states")
    public UserStatesReport userStates(FilterParameters filter) {
        return users.states(filter.parse());
    }

    @GetMapping("/analytics/data-requests")
    public DataRequestReport dataRequests(FilterParameters filter) {
        return dataRequests.report(filter.parse());
    }

    @GetMapping("/analytics/operations")
    public OperationVolumes operations(FilterParameters filter) {
        return operations.volumes(filter.parse());
    }

    /** The filter's query parameters as sent, bound by name (all optional; {@link AnalyticsFilter} checks them). */
    public record FilterParameters(String partnerId, String environment, String from, String to) {
        AnalyticsFilter parse() {
            return AnalyticsFilter.parse(partnerId, environment, from, to);
        }
    }
}
