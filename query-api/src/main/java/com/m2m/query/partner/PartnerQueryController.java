package com.m2m.query.partner;

import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import com.m2m.domain.common.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Partner-directory reads. Results are plain objects: the application wraps them in the success envelope and
 * maps exceptions to error envelopes; it also checks the staff role on {@code /admin/**}.
 */
@RestController
public record PartnerQueryController(PartnerDirectoryProjection directory) {

    @GetMapping("/partner/profile")
    public PartnerProfile profile(Tenant tenant) {
        return directory.profile(tenant);
    }

    /** Every partner, paginated like the other lists; the staff role (OPERATOR) is checked by the application. */
    @GetMapping("/admin/partners")
    public Page<PartnerSummary> list(@RequestParam(name = "page", required = false) String page,
                                     @RequestParam(name = "limit", required = false) String limit) {
        return directory.listPartners(PageRequest.parse(page, limit));
    }

    /** The resource a {@code POST /admin/partners} names in its {@code Location}. */
    @GetMapping("/admin/partners/{partnerId}")
    public PartnerSummary get(@PathVariable("partnerId") String partnerId) {
        return directory.findPartner(partnerId)
                .orElseThrow(() -> new ResourceNotFoundException("Partner not found"));
    }

    @GetMapping("/admin/partners/{partnerId}/keys")
    public List<ApiKeyView> keys(@PathVariable("partnerId") String partnerId) {
        return directory.listKeys(partnerId);
    }
}
