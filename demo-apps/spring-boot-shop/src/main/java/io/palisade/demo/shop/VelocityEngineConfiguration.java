package io.palisade.demo.shop;

import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring 6 dropped its Velocity support: the shop sets up one {@code VelocityEngine} itself. */
@Configuration
class VelocityEngineConfiguration {

  @Bean
  VelocityEngine velocityEngine() {
    VelocityEngine velocity = new VelocityEngine();
    velocity.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
    velocity.setProperty("resource.loader.classpath.class", ClasspathResourceLoader.class.getName());
    velocity.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
    velocity.init();
    return velocity;
  }
}
