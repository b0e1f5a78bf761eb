package dev.landlockstudio.web;

import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Runs the web app until it is stopped. */
final class WebServer {

    private WebServer() {
    }

    /** The exit code: 0 once stopped, 1 when it could not start (Spring has then logged why). */
    static int run(ServeOptions options) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        SpringApplication application = new SpringApplication(WebApplication.class);
        // The class Spring names in its log, and whose ahead-of-time initializer it runs (not Launcher).
        application.setMainApplicationClass(WebApplication.class);
        application.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        ConfigurableApplicationContext context;
        try {
            context = application.run(options.asSpringArguments());
        } catch (RuntimeException e) {
            return 1;
        }
        if (context.isActive()) {
            closed.await();
        }
        return 0;
    }
}
