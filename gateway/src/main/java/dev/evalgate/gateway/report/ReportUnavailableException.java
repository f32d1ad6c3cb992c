package dev.evalgate.gateway.report;

/**
 * The report could not be fetched: the gateway is unreachable, answered an error (unknown run,
 * missing key) or answered something that is not a report.
 */
public final class ReportUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    ReportUnavailableException(String message) {
        super(message);
    }

    ReportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
