package dev.ferry.foreman;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ForemanProperties.class)
class ForemanConfiguration {}
