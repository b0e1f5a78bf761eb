package dev.landlockstudio.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The web app; {@link Launcher} is the program's entry point, this class what Spring starts. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {
}
