package com.m2m.app.admin;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Operator endpoints for read models (OPERATOR role, checked by StaffAuthentication). */
@RestController
public class ProjectionAdminController {

    private final ProjectionRebuilds rebuilds;

    public ProjectionAdminController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @GetMapping("/admin/projections")
    public List<String> projections() {
        return rebuilds.names();
    }

    @PostMapping("/admin/projections/{name}/rebuild")
    public ProjectionRebuilds.Rebuilt rebuild(@PathVariable String name) {
        return rebuilds.rebuild(name);
    }
}
