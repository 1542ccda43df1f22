package io.daisi.ws;

public final class Main {
    public static void main(String[] args) {
    }
}
