package sh.oso.korb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The timed runs of one tool doing one operation at one size. */
final class Measurement {

    private final List<Double> seconds = new ArrayList<>();
    private final List<Long> rssKb = new ArrayList<>();
    private Map<String, Long> requests = Map.of();
    private boolean stopped;

    void add(ChildProcess.Result run) {
        stopped |= run.stopped();
        seconds.add(run.seconds());
        rssKb.add(run.peakRssKb());
    }

    void requests(Map<String, Long> requests) {
        this.requests = Map.copyOf(requests);
    }

    /** Whether a run was stopped at the time limit: the median is then a lower bound. */
    boolean stopped() {
        return stopped;
    }

    boolean isEmpty() {
        return seconds.isEmpty();
    }

    int runs() {
        return seconds.size();
    }

    double median() {
        List<Double> sorted = new ArrayList<>(seconds);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The highest peak RSS of the runs GNU time measured; -1 when none was (no /usr/bin/time, or stopped). */
    long peakRssMb() {
        return rssKb.stream().mapToLong(Long::longValue).filter(kb -> kb >= 0).max().stream()
                .map(kb -> kb / 1024)
                .findFirst()
                .orElse(-1);
    }

    Map<String, Long> requests() {
        return requests;
    }

    long totalRequests() {
        return requests.values().stream().mapToLong(Long::longValue).sum();
    }
}
