package com.m2m.query.datarequest;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data request reads for the calling tenant. Parameters arrive as strings and are validated by
 * {@link DataRequestListQuery} (400 naming the parameter). Results are plain objects: the application adds the
 * envelope.
 */
@RestController
public record DataRequestQueryController(DataRequestProjection dataRequests) {

    @GetMapping("/partner/data-requests")
    public Page<DataRequestView> list(Tenant tenant, ListParameters parameters) {
        return dataRequests.list(tenant, parameters.parse());
    }

    @GetMapping("/partner/data-requests/{dataRequestId}")
    public DataRequestView get(Tenant tenant, @PathVariable("dataRequestId") String dataRequestId) {
        return dataRequests.get(tenant, dataRequestId);
    }

    /** The list's query parameters as sent, bound by name (all optional). */
    public record ListParameters(String page, String limit, String from, String to, String status,
                                 String referenceId, String linkId) {
        DataRequestListQuery parse() {
            return DataRequestListQuery.parse(page, limit, from, to, status, referenceId, linkId);
        }
    }
}
