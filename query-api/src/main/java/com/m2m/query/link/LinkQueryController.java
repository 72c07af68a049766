package com.m2m.query.link;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Link reads for the calling tenant. Parameters arrive as strings and are validated by {@link LinkListQuery}
 * (400 naming the parameter). Results are plain objects: the application adds the envelope.
 */
@RestController
public record LinkQueryController(LinkQueries links, LinkActivityQueries activity) {

    @GetMapping("/partner/links")
    public Page<LinkView> list(Tenant tenant,
                               @RequestParam(name = "page", required = false) String page,
                               @RequestParam(name = "limit", required = false) String limit,
                               @RequestParam(name = "from", required = false) String from,
                               @RequestParam(name = "to", required = false) String to,
                               @RequestParam(name = "status", required = false) String status,
                               @RequestParam(name = "visibility", required = false) String visibility,
                               @RequestParam(name = "referenceId", required = false) String referenceId) {
        return links.list(tenant, LinkListQuery.parse(page, limit, from, to, status, visibility, referenceId));
    }

    @GetMapping("/partner/links/{linkId}")
    public LinkDetail get(Tenant tenant, @PathVariable("linkId") String linkId) {
        return links.get(tenant, linkId);
    }

    @GetMapping("/partner/links/{linkId}/activity")
    public List<LinkActivity> activity(Tenant tenant, @PathVariable("linkId") String linkId) {
        return activity.activity(tenant, linkId);
    }
}
