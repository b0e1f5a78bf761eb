package dev.landlockstudio.web.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the app's own assets and the JSON Schemas (at /schemas/, where their $id points, so that editors can use
 * $schema), all from the classpath: Spring's default mappings are off (spring.web.resources.add-mappings), so no file
 * on disk is ever served. Gives every page the signed-in user's name for its header.
 */
@Configuration
class WebConfig implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/");
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/");
        registry.addResourceHandler("/schemas/**").addResourceLocations("classpath:/schemas/");
        registry.addResourceHandler("/icons/**").addResourceLocations("classpath:/static/icons/");
    }

    /** Browsers ask for /favicon.ico whatever the page's icon link says: send them to the one icon there is. */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/favicon.ico", "/icons/landlock.svg").setStatusCode(HttpStatus.MOVED_PERMANENTLY);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
                boolean redirect = view != null && view.getViewName() != null && view.getViewName().startsWith("redirect:");
                if (view != null && !redirect && request.getUserPrincipal() != null) {
                    view.addObject("user", request.getUserPrincipal().getName());
                }
            }
        });
    }
}
