package dev.faultline.operators.catalog;

/** A signature catalog that cannot be used; the message names the signature and the reason. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
