package dev.landlockstudio.web;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;

/** The web app; {@link Launcher} is the program's entry point, this class what Spring starts. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

    /** Spring's ahead-of-time processing (at build time) starts the app from here; users start it with serve. */
    public static void main(String[] args) {
        SpringApplication.run(WebApplication.class, args);
    }

    /**
     * Beans are made when first needed (spring.main.lazy-initialization), but the database's migration still starts
     * with the server (on its own thread, {@code BackgroundMigration}), so that a migration that fails stops the start
     * (the data directory's check and the initial admin run at start-up whatever the setting).
     */
    @Bean
    static LazyInitializationExcludeFilter migrateAtStartUp() {
        return LazyInitializationExcludeFilter.forBeanTypes(FlywayMigrationInitializer.class);
    }
}
