package com.m2m.command.config;

import com.m2m.command.userdata.UserDataParser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
public class CommandApiConfiguration {

    @Bean
    public UserDataParser userDataParser(Clock clock) {
        return new UserDataParser(clock);
    }
}
