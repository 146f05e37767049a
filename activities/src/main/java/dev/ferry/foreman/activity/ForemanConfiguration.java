package dev.ferry.foreman.activity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ForemanProperties.class)
class ForemanConfiguration {}
