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
    public FunnelReport funnel(@RequestParam(name = "partnerId", required = false) String partnerId,
                               @RequestParam(name = "environment", required = false) String environment,
                               @RequestParam(name = "from", required = false) String from,
                               @RequestParam(name = "to", required = false) String to,
                               @RequestParam(name = "granularity", required = false) String granularity) {
        QueryParams.oneOf(granularity, "granularity", GRANULARITIES);
        return funnel.funnel(AnalyticsFilter.parse(partnerId, environment, from, to));
    }

    @GetMapping("/analytics/users/states")
    public UserStatesReport userStates(@RequestParam(name = "partnerId", required = false) String partnerId,
                                       @RequestParam(name = "environment", required = false) String environment,
                                       @RequestParam(name = "from", required = false) String from,
                                       @RequestParam(name = "to", required = false) String to) {
        return users.states(AnalyticsFilter.parse(partnerId, environment, from, to));
    }

    @GetMapping("/analytics/data-requests")
    public DataRequestReport dataRequests(@RequestParam(name = "partnerId", required = false) String partnerId,
                                          @RequestParam(name = "environment", required = false) String environment,
                                          @RequestParam(name = "from", required = false) String from,
                                          @RequestParam(name = "to", required = false) String to) {
        return dataRequests.report(AnalyticsFilter.parse(partnerId, environment, from, to));
    }

    @GetMapping("/analytics/operations")
    public OperationVolumes operations(@RequestParam(name = "partnerId", required = false) String partnerId,
                                       @RequestParam(name = "environment", required = false) String environment,
                                       @RequestParam(name = "from", required = false) String from,
                                       @RequestParam(name = "to", required = false) String to) {
        return operations.volumes(AnalyticsFilter.parse(partnerId, environment, from, to));
    }
}
