package dev.ferry.forward;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ForwardProperties.class)
public class ForwardConfiguration {}
