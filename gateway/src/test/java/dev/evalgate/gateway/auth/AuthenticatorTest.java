package dev.evalgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.AuthConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    @Test
    void gatewayKeysMapToTheirTenant() {
        Authenticator auth =
                new Authenticator(
                        new AuthConfig(
                                List.of(
                                        new AuthConfig.GatewayKey(
                                                "team-a", Authenticator.sha256Hex("gk-a")))));
        assertThat(auth.tenantOf(new DefaultHttpHeaders().add("Authorization", "Bearer gk-a")))
                .isEqualTo("team-a");
        assertThat(auth.tenantOf(new DefaultHttpHeaders().add("x-api-key", "gk-a")))
                .isEqualTo("team-a");
        assertThat(auth.tenantOf(new DefaultHttpHeaders().add("Authorization", "Bearer nope")))
                .isNull();
        assertThat(auth.tenantOf(new DefaultHttpHeaders())).isNull();
    }

    @Test
    void passthroughTenantsAreDistinctHashesOfTheCredential() {
        Authenticator auth = new Authenticator(AuthConfig.passthrough());
        String a = auth.tenantOf(new DefaultHttpHeaders().add("Authorization", "Bearer sk-a"));
        String b = auth.tenantOf(new DefaultHttpHeaders().add("Authorization", "Bearer sk-b"));
        String a2 = auth.tenantOf(new DefaultHttpHeaders().add("x-api-key", "sk-a"));
        assertThat(a).startsWith("cred:").isNotEqualTo(b).isEqualTo(a2).doesNotContain("sk-a");
        assertThat(auth.tenantOf(new DefaultHttpHeaders())).isEqualTo(Authenticator.ANONYMOUS);
    }
}
