package com.m2m.app.audit;

import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import com.m2m.domain.common.QueryParams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/audit?actor=&action=&from=&to=&page=&limit=} (OPERATOR, checked by StaffAuthentication). */
@RestController
public record AuditController(StaffAuditLog audit) {

    @GetMapping("/admin/audit")
    public Page<StaffAuditLog.AuditEntry> list(@RequestParam(required = false) String actor,
                                              @RequestParam(required = false) String action,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to,
                                              @RequestParam(required = false) String page,
                                              @RequestParam(required = false) String limit) {
        return audit.list(QueryParams.exact(actor), QueryParams.exact(action), QueryParams.createdRange(from, to),
                PageRequest.parse(page, limit));
    }
}
