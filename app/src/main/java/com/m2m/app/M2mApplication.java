package com.m2m.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Assembles the platform: the command and query APIs, the webhook projector and the shared web conventions. */
@SpringBootApplication(scanBasePackages = "com.m2m")
public class M2mApplication {

    public static void main(String[] args) {
        // No internet here or in most deployments: Axon's update checker would only time out.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(M2mApplication.class, args);
    }
}
