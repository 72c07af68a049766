package com.m2m.app.admin;

import com.m2m.domain.staff.AuditTrail;
import com.m2m.domain.staff.StaffActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Operator endpoints for read models (OPERATOR role, checked by StaffAuthentication). */
@RestController
public record ProjectionAdminController(ProjectionRebuilds rebuilds, AuditTrail audit) {

    @GetMapping("/admin/projections")
    public List<String> projections() {
        return rebuilds.names();
    }

    @PostMapping("/admin/projections/{name}/rebuild")
    public ProjectionRebuilds.Rebuilt rebuild(StaffActor actor, @PathVariable String name) {
        ProjectionRebuilds.Rebuilt rebuilt = rebuilds.rebuild(name);
        // A rebuild is no command on an aggregate: recorded directly (after it, so a rebuild of the audit keeps it).
        audit.record(actor.name(), "projection.rebuilt", name, rebuilt.rebuiltAt());
        return rebuilt;
    }
}
