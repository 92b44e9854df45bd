package io.ipsync.cli.bench;

/** How one scenario is measured: it starts its child processes, waits for them, and adds its figures. */
interface ScenarioRun {

    void run(BenchContext context) throws Exception;
}
