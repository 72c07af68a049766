package com.m2m.command.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.userdata.UserDataParser;
import com.m2m.command.webhook.WebhookTargets;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Partner endpoints that change links. Bodies are read as JSON trees so every error can name its field. */
@RestController
public class LinkCommandController {

    private final LinkCommandService links;
    private final UserDataParser userDataParser;
    private final WebhookTargets webhookTargets;

    public LinkCommandController(LinkCommandService links, UserDataParser userDataParser,
                                 WebhookTargets webhookTargets) {
        this.links = links;
        this.userDataParser = userDataParser;
        this.webhookTargets = webhookTargets;
    }

    @PostMapping(path = "/partner/links", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedLink create(Tenant tenant, @RequestBody JsonNode body) {
        return links.create(tenant, CreateLinkRequest.parse(body, tenant.environment(), userDataParser,
                webhookTargets));
    }

    @PostMapping("/partner/links/{linkId}/revoke")
    public RevokedLink revoke(Tenant tenant, @PathVariable String linkId,
                              @RequestBody(required = false) JsonNode body) {
        String reason = null;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw new ValidationException(null, "The request body must be a JSON object");
            }
            JsonNode node = body.get("reason");
            if (node != null && !node.isNull()) {
                if (!node.isTextual()) {
                    throw new ValidationException("reason", "The reason field must be a string");
                }
                reason = node.asText();
            }
        }
        return links.revoke(tenant, linkId, reason);
    }
}
