package com.pushupmobile.core;

/** An artifact that is not the one its manifest describes: refuse to run it. */
public final class ManifestMismatchException extends Exception {
    public ManifestMismatchException(String message) {
        super(message);
    }
}
