package dev.landlockstudio.web.security;

import dev.landlockstudio.web.account.PasswordStamps;
import dev.landlockstudio.web.account.UserAccounts;
import dev.landlockstudio.web.api.ProblemResponses;
import dev.landlockstudio.web.api.SafeHeaders;
import dev.landlockstudio.web.share.SharePaths;
import dev.landlockstudio.web.token.ApiTokenStore;
import dev.landlockstudio.web.token.TokenScope;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Everything needs a signed-in user, except the sign-in page, static assets, the JSON Schemas (public documents
 * that editors fetch through {@code $schema}) and what share links open (read-only, one version each). The API takes a bearer token or the browser's session; session
 * requests that change something need the CSRF token, as every form does. A token of scope export may only export.
 * API errors are problem+json. Signing in pauses for one address and user name after too many wrong passwords.
 */
@Configuration
class SecurityConfig {

    /** What a token of scope export may call: the compiled policy, as CI fetches it. */
    static final String EXPORT = "/api/policies/*/export";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** A request the firewall refuses (an encoded or doubled separator, a path parameter) is a problem, as any 400. */
    @Bean
    RequestRejectedHandler refusedRequests(ProblemResponses problems) {
        return (request, response, e) -> {
            SafeHeaders.write(request, response);
            problems.write(response, HttpStatus.BAD_REQUEST, "bad-request", "Bad Request",
                    "the request's path or headers are refused: " + e.getMessage());
        };
    }

    /** A bearer token that may export only, calling something else. */
    private static boolean outsideScope() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(BearerTokenFilter.authority(TokenScope.EXPORT)));
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokenStore tokens, ProblemResponses problems, PasswordStamps stamps)
            throws Exception {
        http.securityMatcher("/api/**")
                // An async or error dispatch continues a request that was authorized when it came in (event streams).
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, EXPORT).hasAnyAuthority("ROLE_USER",
                                BearerTokenFilter.authority(TokenScope.EXPORT))
                        .anyRequest().hasRole("USER"))
                .addFilterAfter(new StaleSessionFilter(stamps), SecurityContextHolderFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .csrf(csrf -> csrf.ignoringRequestMatchers(BearerTokenFilter::carriesToken))
                .headers(SafeHeaders::configure)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized",
                                    "send Authorization: Bearer TOKEN (create one on the API tokens page), or sign in");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (e instanceof CsrfException) {
                                problems.write(response, HttpStatus.FORBIDDEN, "csrf", "Forbidden", "a request with the session"
                                        + " cookie must carry the CSRF token (header X-CSRF-TOKEN); scripts use a bearer token instead");
                            } else if (outsideScope()) {
                                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\""
                                        + TokenScope.FULL.id() + "\"");
                                problems.write(response, HttpStatus.FORBIDDEN, "insufficient-scope", "Forbidden",
                                        "this token's scope is export: it may only call GET /api/policies/{name}/export; this call"
                                                + " needs a token of scope full (create one on the API tokens page)");
                            } else {
                                problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
                            }
                        }));
        return http.build();
    }

    /**
     * What a share link opens ({@link SharePaths}): anyone may ask, and nothing there changes anything (its controller
     * only reads, and answers any other method 404). No session is read or made: a signed-in reader sees what anyone
     * else sees, and the pages carry no CSRF token and no one's name. Search engines are asked to keep away.
     */
    @Bean
    @Order(2)
    SecurityFilterChain shared(HttpSecurity http) throws Exception {
        http.securityMatcher(SharePaths.ALL)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .headers(headers -> SafeHeaders.configure(headers).addHeaderWriter(new StaticHeadersWriter("X-Robots-Tag", "noindex, nofollow")));
        return http.build();
    }

    /** A paused sign-in says so; any other failure is "wrong user name or password". */
    private static ExceptionMappingAuthenticationFailureHandler signInFailures() {
        ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
        handler.setDefaultFailureUrl("/login?error");
        handler.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?paused"));
        return handler;
    }

    /** Remembers the page asked for before signing in, without adding "?continue" to it afterwards. */
    private static HttpSessionRequestCache pageRequestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setMatchingRequestParameterName(null);
        return cache;
    }

    /**
     * Only an error dispatch reaches the error page: {@code /error} asked for directly (where it has no error to show
     * and would answer 500) needs a signed-in user, and is then refused.
     */
    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, UserAccounts accounts, PasswordEncoder encoder, SignInAttempts attempts,
                              PasswordStamps stamps) throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(encoder);
        http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/css/**", "/js/**", "/schemas/**", "/favicon.ico", "/icons/**").permitAll()
                        .requestMatchers("/error").denyAll()
                        .anyRequest().authenticated())
                .authenticationManager(new ProviderManager(new ThrottledSignIn(passwords, attempts)))
                .addFilterAfter(new StaleSessionFilter(stamps), SecurityContextHolderFilter.class)
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/policies", false).permitAll()
                        .failureHandler(signInFailures()))
                .requestCache(cache -> cache.requestCache(pageRequestCache()))
                .logout(logout -> logout.logoutSuccessUrl("/login?signedOut"))
                .headers(SafeHeaders::configure);
        return http.build();
    }
}
