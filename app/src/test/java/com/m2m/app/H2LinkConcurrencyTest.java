package com.m2m.app;

@PlatformTest
class H2LinkConcurrencyTest extends LinkConcurrencyContract {
}
