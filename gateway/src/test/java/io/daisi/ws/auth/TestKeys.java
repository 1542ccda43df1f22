package io.daisi.ws.auth;

/** Two distinct throwaway keys, for tests that do not need the reference's. */
final class TestKeys {

    static final TokenKey USER = TokenKey.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final TokenKey ADMIN = TokenKey.fromHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF");

    private TestKeys() {
    }
}
