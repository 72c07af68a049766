package com.m2m.query.user;

import com.m2m.domain.common.Tenant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** User reads for the calling tenant. Results are plain objects: the application adds the envelope. */
@RestController
public record UserQueryController(UserViewProjection users) {

    @GetMapping("/partner/users/{referenceId}")
    public UserView get(Tenant tenant, @PathVariable("referenceId") String referenceId) {
        return users.findByReferenceId(tenant, referenceId);
    }
}
