package com.m2m.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Benchmark support: CPU time, RSS and directory sizes, read from the JVM and from /proc (Linux). Public for the
 * two-node benchmark in the cluster package.
 */
public final class ProcessStats {

    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** This JVM's CPU time (all threads: the platform and the benchmark's clients), in nanoseconds. */
    public static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The processes of a database server whose command line names {@code serverDir}, with their descendants. */
    public static List<ProcessHandle> serverProcesses(Optional<String> serverDir) {
        if (serverDir.isEmpty()) {
            return List.of();
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(serverDir.get())).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct().toList();
    }

    /** CPU time (user + system) of the given processes, in nanoseconds; processes gone meanwhile count nothing. */
    public static long cpuNanos(List<ProcessHandle> processes) {
        long ticks = 0;
        for (ProcessHandle process : processes) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                // exited between listing and reading
            }
        }
        return (long) (ticks / TICKS_PER_SECOND * 1e9);
    }

    /** VmRSS of a process in bytes, 0 if unreadable. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited
        }
        return 0;
    }

    /** Heap in use after two full collections. */
    public static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Regular files' sizes under {@code dir}; a file removed meanwhile counts nothing, and a walk that lost a directory
     * entry under it (PostgreSQL recycling WAL) is retried; 0 when {@code dir} cannot be read.
     */
    public static long directoryBytes(Path dir) {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException gone) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | java.io.UncheckedIOException vanished) {
                if (attempt == 3) {
                    return 0;
                }
            }
        }
    }

    /**
     * The machine's CPU time so far, from {@code /proc/stat}: [busy, steal] in clock ticks. Steal is time this
     * virtual machine's CPUs were ready but the host ran something else: what makes a round slow that the platform
     * did not make slow. Zeros where the file cannot be read.
     */
    public static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 7; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]); // user nice system (idle iowait) irq softirq
            }
            return new long[]{busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    public static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
