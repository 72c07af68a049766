package com.m2m.query.link;

import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Link reads for the calling tenant. Parameters arrive as strings and are validated by {@link LinkListQuery}
 * (400 naming the parameter). Results are plain objects: the application adds the envelope.
 */
@RestController
public record LinkQueryController(LinkQueries links, LinkActivityQueries activity) {

    @GetMapping("/partner/links")
    public Page<LinkView> list(Tenant tenant, ListParameters parameters) {
        return links.list(tenant, parameters.parse());
    }

    @GetMapping("/partner/links/{linkId}")
    public LinkDetail get(Tenant tenant, @PathVariable("linkId") String linkId) {
        return links.get(tenant, linkId);
    }

    @GetMapping("/partner/links/{linkId}/activity")
    public List<LinkActivity> activity(Tenant tenant, @PathVariable("linkId") String linkId) {
        return activity.activity(tenant, linkId);
    }

    /** The list's query parameters as sent, bound by name (all optional). */
    public record ListParameters(String page, String limit, String from, String to, String status,
                                 String visibility, String referenceId) {
        LinkListQuery parse() {
            return LinkListQuery.parse(page, limit, from, to, status, visibility, referenceId);
        }
    }
}
