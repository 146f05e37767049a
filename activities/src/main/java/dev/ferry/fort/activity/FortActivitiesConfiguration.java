package dev.ferry.fort.activity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(FortProperties.class)
class FortActivitiesConfiguration {}
