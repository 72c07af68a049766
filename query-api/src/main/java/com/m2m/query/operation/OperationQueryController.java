package com.m2m.query.operation;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operation reads for the calling tenant. Parameters arrive as strings and are validated by
 * {@link OperationListQuery} (400 naming the parameter). Results are plain objects: the application adds the
 * envelope.
 */
@RestController
public record OperationQueryController(OperationViewProjection operations) {

    @GetMapping("/partner/operations")
    public Page<OperationView> list(Tenant tenant, ListParameters parameters) {
        return operations.list(tenant, parameters.parse());
    }

    @GetMapping("/partner/operations/{operationId}")
    public OperationView get(Tenant tenant, @PathVariable("operationId") String operationId) {
        return operations.get(tenant, operationId);
    }

    /** The list's query parameters as sent, bound by name (all optional). */
    public record ListParameters(String page, String limit, String from, String to, String status,
                                 String referenceId, String userId, String linkId) {
        OperationListQuery parse() {
            return OperationListQuery.parse(page, limit, from, to, status, referenceId, userId, linkId);
        }
    }
}
