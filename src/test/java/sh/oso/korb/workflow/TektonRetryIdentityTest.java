package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.TektonRunner.Status;

/**
 * {@code $(context.taskRun.uid)}, the run identity korb's retries rely on, is the same in every attempt of a
 * pipeline task with {@code retries}, as in Tekton (one TaskRun, retried in place), and differs between runs.
 */
class TektonRetryIdentityTest {

    @TempDir
    Path work;

    /** What each attempt of the step saw: its TaskRun uid and retry count. */
    private final List<String> attempts = new ArrayList<>();

    private final Container container = new Container(new CliRun()).command("fails-once", env -> {
        attempts.add(env.get("TASKRUN_UID") + " retry " + env.get("RETRY_COUNT"));
        if (attempts.size() % 2 == 1) {
            return new Container.Exit(1, "exit 1: the first attempt dies");
        }
        try {
            Files.writeString(Path.of(env.get("UID_RESULT")), env.get("TASKRUN_UID"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Container.Exit(0, "");
    });

    private TektonRunner runner;

    @BeforeEach
    void taskWhoseFirstAttemptFails() {
        runner = new TektonRunner(container, work, "kafka-backup").apply(Yaml.parse("""
                    apiVersion: tekton.dev/v1
                    kind: Task
                    metadata:
                      name: fails-once
                    spec:
                      results:
                        - name: uid
                      steps:
                        - name: step
                          image: busybox
                          command: [fails-once]
                          env:
                            - name: TASKRUN_UID
                              value: $(context.taskRun.uid)
                            - name: RETRY_COUNT
                              value: $(context.task.retry-count)
                            - name: UID_RESULT
                              value: $(results.uid.path)
                    """));
    }

    private TektonRunner.PipelineRun run() {
        return runner.run(Yaml.parse("""
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  generateName: retried-
                spec:
                  pipelineSpec:
                    tasks:
                      - name: flaky
                        retries: 1
                        taskRef:
                          name: fails-once
                    results:
                      - name: uid
                        value: $(tasks.flaky.results.uid)
                """));
    }

    @Test
    void bothAttemptsSeeTheSameTaskRunUid() {
        TektonRunner.PipelineRun run = run();

        assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
        String uid = run.results().get("uid");
        assertThat(uid).isNotBlank();
        assertThat(attempts).containsExactly(uid + " retry 0", uid + " retry 1");
        assertThat(run.task("flaky").uid()).isEqualTo(uid);
        assertThat(run.task("flaky").retries()).isEqualTo(1);
    }

    @Test
    void anotherRunHasAnotherUid() {
        String first = run().results().get("uid");
        String second = run().results().get("uid");

        assertThat(second).isNotEqualTo(first);
    }
}
