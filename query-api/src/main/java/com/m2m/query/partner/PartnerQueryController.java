package com.m2m.query.partner;

import com.m2m.domain.common.Tenant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Partner-directory reads. Results are plain objects: the application wraps them in the success envelope and
 * maps exceptions to error envelopes; it also checks the staff role on {@code /admin/**}.
 */
@RestController
public class PartnerQueryController {

    private final PartnerDirectoryProjection directory;

    public PartnerQueryController(PartnerDirectoryProjection directory) {
        this.directory = directory;
    }

    @GetMapping("/partner/profile")
    public PartnerProfile profile(Tenant tenant) {
        return directory.profile(tenant);
    }

    @GetMapping("/admin/partners/{partnerId}/keys")
    public List<ApiKeyView> keys(@PathVariable("partnerId") String partnerId) {
        return directory.listKeys(partnerId);
    }
}
