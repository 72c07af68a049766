package com.m2m.query.operation;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operation reads for the calling tenant. Parameters arrive as strings and are validated by
 * {@link OperationListQuery} (400 naming the parameter). Results are plain objects: the application adds the
 * envelope.
 */
@RestController
public record OperationQueryController(OperationViewProjection operations) {

    @GetMapping("/partner/operations")
    public Page<OperationView> list(Tenant tenant,
                                    @RequestParam(name = "page", required = false) String page,
                                    @RequestParam(name = "limit", required = false) String limit,
                                    @RequestParam(name = "from", required = false) String from,
                                    @RequestParam(name = "to", required = false) String to,
                                    @RequestParam(name = "status", required = false) String status,
                                    @RequestParam(name = "referenceId", required = false) String referenceId,
                                    @RequestParam(name = "userId", required = false) String userId,
                                    @RequestParam(name = "linkId", required = false) String linkId) {
        return operations.list(tenant,
                OperationListQuery.parse(page, limit, from, to, status, referenceId, userId, linkId));
    }

    @GetMapping("/partner/operations/{operationId}")
    public OperationView get(Tenant tenant, @PathVariable("operationId") String operationId) {
        return operations.get(tenant, operationId);
    }
}
