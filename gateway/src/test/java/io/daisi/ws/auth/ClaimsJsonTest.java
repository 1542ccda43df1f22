package io.daisi.ws.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsJsonTest {

    private static final Instant EXPIRY = Instant.parse("2030-01-02T03:04:05Z");

    @Test
    void userIsWrittenInGoFieldOrder() {
        UserClaims claims = new UserClaims("c1", "a1", "u1", EXPIRY);

        assertThat(ClaimsJson.write(claims))
                .isEqualTo("{\"company_id\":\"c1\",\"agent_id\":\"a1\",\"user_id\":\"u1\",\"expires_at\":\"2030-01-02T03:04:05Z\"}");
    }

    @Test
    void adminOmitsEmptyOptionalFields() {
        AdminClaims claims = new AdminClaims("root", Optional.empty(), Optional.of(""), Optional.empty(), EXPIRY);

        assertThat(ClaimsJson.write(claims)).isEqualTo("{\"admin_id\":\"root\",\"expires_at\":\"2030-01-02T03:04:05Z\"}");
    }

    /** The order the reference's own admin tokens use (see the fixtures' plaintexts). */
    @Test
    void adminWithEveryFieldIsWrittenInGoFieldOrder() {
        AdminClaims claims = new AdminClaims("admin123",
                Optional.of("company123"), Optional.of("agent456"), Optional.of("company9"), EXPIRY);

        assertThat(ClaimsJson.write(claims)).isEqualTo("{\"admin_id\":\"admin123\","
                + "\"expires_at\":\"2030-01-02T03:04:05Z\","
                + "\"subscribed_company_id\":\"company123\","
                + "\"subscribed_agent_id\":\"agent456\","
                + "\"company_id_restriction\":\"company9\"}");
    }

    @ParameterizedTest
    @CsvSource({
        "2030-01-02T03:04:05Z,                2030-01-02T03:04:05Z",
        "2030-01-02T03:04:05.100Z,            2030-01-02T03:04:05.1Z",
        "2030-01-02T03:04:05.123Z,            2030-01-02T03:04:05.123Z",
        "2030-01-02T03:04:05.123400Z,         2030-01-02T03:04:05.1234Z",
        "2030-01-02T03:04:05.123456789Z,      2030-01-02T03:04:05.123456789Z",
        "2030-01-02T03:04:05.000000001Z,      2030-01-02T03:04:05.000000001Z",
        "2030-01-02T03:04:05.123456789+07:00, 2030-01-01T20:04:05.123456789Z",
    })
    void expiryIsWrittenAsRfc3339NanoInUtc(String instant, String written) {
        UserClaims claims = new UserClaims("c", "a", "u", java.time.OffsetDateTime.parse(instant).toInstant());

        assertThat(ClaimsJson.write(claims)).endsWith("\"expires_at\":\"" + written + "\"}");
    }

    @Test
    void readsAnyOffsetKeepingNanoseconds() {
        Optional<UserClaims> claims = ClaimsJson.readUser(json(
                "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2099-06-30T12:34:56.123456789+07:00'}"));

        assertThat(claims).map(UserClaims::expiresAt).hasValue(Instant.parse("2099-06-30T05:34:56.123456789Z"));
    }

    @Test
    void writtenClaimsReadBack() {
        UserClaims user = new UserClaims("c", "a", "u", Instant.parse("2030-01-02T03:04:05.5Z"));
        AdminClaims admin = new AdminClaims("root", Optional.of("c"), Optional.empty(), Optional.of("r"), EXPIRY);

        assertThat(ClaimsJson.readUser(ClaimsJson.write(user).getBytes(UTF_8))).hasValue(user);
        assertThat(ClaimsJson.readAdmin(ClaimsJson.write(admin).getBytes(UTF_8))).hasValue(admin);
    }

    @Test
    void unknownFieldsAndNullOptionalsAreIgnored() {
        Optional<AdminClaims> claims = ClaimsJson.readAdmin(json(
                "{'admin_id':'root','extra':{'x':[1,2]},'subscribed_agent_id':null,'expires_at':'2030-01-02T03:04:05Z'}"));

        assertThat(claims).hasValue(new AdminClaims("root", Optional.empty(), Optional.empty(), Optional.empty(), EXPIRY));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello world",
        "",
        "[]",
        "null",
        "'just a string'",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05Z'} trailing",
        "{'agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05Z'}",
        "{'company_id':'','agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05Z'}",
        "{'company_id':null,'agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05Z'}",
        "{'company_id':7,'agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05Z'}",
        "{'company_id':'c','agent_id':'a','user_id':'u'}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':''}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':1893553445}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2030-01-02 03:04:05Z'}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04Z'}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05'}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2030-01-02T03:04:05.Z'}",
        "{'company_id':'c','agent_id':'a','user_id':'u','expires_at':'2030-02-30T03:04:05Z'}",
    })
    void refusesWhatIsNotUserClaims(String text) {
        assertThat(ClaimsJson.readUser(json(text))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'expires_at':'2030-01-02T03:04:05Z'}",
        "{'admin_id':'','expires_at':'2030-01-02T03:04:05Z'}",
        "{'admin_id':'root'}",
        "{'admin_id':'root','subscribed_company_id':5,'expires_at':'2030-01-02T03:04:05Z'}",
    })
    void refusesWhatIsNotAdminClaims(String text) {
        assertThat(ClaimsJson.readAdmin(json(text))).isEmpty();
    }

    @Test
    void adminScopeIsTheSubscriptionElseTheRestriction() {
        AdminClaims both = new AdminClaims("a", Optional.of("sub"), Optional.empty(), Optional.of("res"), EXPIRY);
        AdminClaims restricted = new AdminClaims("a", Optional.empty(), Optional.empty(), Optional.of("res"), EXPIRY);
        AdminClaims free = new AdminClaims("a", Optional.empty(), Optional.empty(), Optional.empty(), EXPIRY);

        assertThat(both.scopeCompany()).hasValue("sub");
        assertThat(restricted.scopeCompany()).hasValue("res");
        assertThat(free.scopeCompany()).isEmpty();
    }

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(UTF_8);
    }
}
