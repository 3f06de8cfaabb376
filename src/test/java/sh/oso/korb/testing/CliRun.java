package sh.oso.korb.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import sh.oso.korb.cli.Korb;
import sh.oso.korb.kafka.DefaultKafkaClientFactory;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.storage.SnapshotStoreFactory;

/** Runs the korb command line in-process, exactly as main does, capturing stdout, stderr and the exit code. */
public final class CliRun {

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> environment = new HashMap<>();
    private KafkaClientFactory kafkaClients = new DefaultKafkaClientFactory();
    private SnapshotStoreFactory stores = new DefaultSnapshotStoreFactory();

    /** Replaces the store factory, e.g. to reach a mock Kubernetes API or a GCS fake. */
    public CliRun stores(SnapshotStoreFactory factory) {
        this.stores = factory;
        return this;
    }

    /** Replaces the Kafka client factory, e.g. to make something happen between korb's requests. */
    public CliRun clients(KafkaClientFactory factory) {
        this.kafkaClients = factory;
        return this;
    }

    /** Another command line with the same factories and environment, to add a step's own variables to. */
    public CliRun copy() {
        CliRun copy = new CliRun().clients(kafkaClients).stores(stores);
        copy.environment.putAll(environment);
        return copy;
    }

    public CliRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Korb.commandLine(args, environment, kafkaClients, stores, Clock.systemUTC());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    public static Result korb(String... args) {
        return new CliRun().run(args);
    }
}
