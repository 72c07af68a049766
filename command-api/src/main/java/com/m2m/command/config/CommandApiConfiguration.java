package com.m2m.command.config;

import com.m2m.command.userdata.UserDataParser;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties({CipProperties.class, PayoutProperties.class, WidgetSessionProperties.class,
        PublicUrlProperties.class})
public class CommandApiConfiguration {

    @Bean
    public UserDataParser userDataParser(Clock clock) {
        return new UserDataParser(clock);
    }
}
