package dev.ferry.forward.activity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({ForwardProperties.class, BastionProperties.class})
public class ForwardConfiguration {}
