package sh.oso.korb.workflow;

/** The YAML asks for something its engine would refuse, or that the executor does not offer. */
public final class WorkflowException extends RuntimeException {

    public WorkflowException(String message) {
        super(message);
    }
}
