package sh.oso.korb.engine;

/**
 * What every run of every engine shares, set once per installation.
 *
 * @param image   the korb image the run's container runs
 * @param account the ServiceAccount the run's pods run as, in each resource's namespace
 */
public record ExecutorSettings(String image, String account) {}
