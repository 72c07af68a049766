package com.m2m.domain.partner;

import com.m2m.domain.common.Environment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Change one environment's settings; members absent from the patch keep their value. */
public record ChangePartnerSettingsCommand(@TargetAggregateIdentifier String partnerId, Environment environment, PartnerSettingsPatch patch, Instant at) {
}
