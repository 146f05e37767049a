package dev.ferry.fort;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(FortProperties.class)
class FortActivitiesConfiguration {}
