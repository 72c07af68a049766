package com.m2m.query.datarequest;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data request reads for the calling tenant. Parameters arrive as strings and are validated by
 * {@link DataRequestListQuery} (400 naming the parameter). Results are plain objects: the application adds the
 * envelope.
 */
@RestController
public record DataRequestQueryController(DataRequestProjection dataRequests) {

    @GetMapping("/partner/data-requests")
    public Page<DataRequestView> list(Tenant tenant,
                                      @RequestParam(name = "page", required = false) String page,
                                      @RequestParam(name = "limit", required = false) String limit,
                                      @RequestParam(name = "from", required = false) String from,
                                      @RequestParam(name = "to", required = false) String to,
                                      @RequestParam(name = "status", required = false) String status,
                                      @RequestParam(name = "referenceId", required = false) String referenceId,
                                      @RequestParam(name = "linkId", required = false) String linkId) {
        return dataRequests.list(tenant,
                DataRequestListQuery.parse(page, limit, from, to, status, referenceId, linkId));
    }

    @GetMapping("/partner/data-requests/{dataRequestId}")
    public DataRequestView get(Tenant tenant, @PathVariable("dataRequestId") String dataRequestId) {
        return dataRequests.get(tenant, dataRequestId);
    }
}
