import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client of bench/database-latency.sh: sequential requests, one at a time, so the figures are
 * latencies rather than throughput. Each round runs every operation against every target in turn.
 * Arguments: rounds uploadsPerRound readsPerRound image NAME=origin=token...
 */
public class DatabaseLatency {

    record Target(String name, String origin, String token) {
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int uploads = Integer.parseInt(args[1]);
        int reads = Integer.parseInt(args[2]);
        byte[] image = Files.readAllBytes(Path.of(args[3]));
        List<Target> targets = new ArrayList<>();
        for (String spec : Arrays.copyOfRange(args, 4, args.length)) {
            String[] part = spec.split("=", 3);
            targets.add(new Target(part[0], part[1], part[2]));
        }
        String[] operations = {"upload (PUT $value, 960x720 JPEG)", "read 96x96 $value", "read metadata", "revalidate (304)"};
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        Map<String, Integer> errors = new LinkedHashMap<>();
        for (Target target : targets) {
            send(target, "PUT", "/v1.0/me/photo/$value", image, null, 200); // warm-up
            for (int i = 0; i < 200; i++) {
                send(target, "GET", "/v1.0/me/photos/96x96/$value", null, null, 200);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (Target target : targets) {
                for (int op = 0; op < operations.length; op++) {
                    String key = target.name() + "\t" + operations[op];
                    List<Long> samples = nanos.computeIfAbsent(key, k -> new ArrayList<>());
                    int count = op == 0 ? uploads : reads;
                    String etag = op == 3 ? etag(target) : null;
                    for (int i = 0; i < count; i++) {
                        long start = System.nanoTime();
                        boolean ok = switch (op) {
                            case 0 -> send(target, "PUT", "/v1.0/me/photo/$value", image, null, 200);
                            case 1 -> send(target, "GET", "/v1.0/me/photos/96x96/$value", null, null, 200);
                            case 2 -> send(target, "GET", "/v1.0/me/photo", null, null, 200);
                            default -> send(target, "GET", "/v1.0/me/photos/96x96/$value", null, etag, 304);
                        };
                        samples.add(System.nanoTime() - start);
                        if (!ok) {
                            errors.merge(key, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        System.out.printf("%n%d rounds, each: %d uploads and %d requests of each read, per database, one at a time%n%n", rounds, uploads, reads);
        System.out.printf("%-11s %-34s %7s %8s %8s %8s %8s %7s%n", "database", "operation", "n", "p50 ms", "p90 ms", "p99 ms", "mean ms", "errors");
        for (Map.Entry<String, List<Long>> entry : nanos.entrySet()) {
            long[] sorted = entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            String[] key = entry.getKey().split("\t");
            System.out.printf("%-11s %-34s %7d %8.2f %8.2f %8.2f %8.2f %7d%n", key[0], key[1], sorted.length,
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                    Arrays.stream(sorted).average().orElse(0) / 1e6, errors.getOrDefault(entry.getKey(), 0));
        }
        if (targets.size() == 2) {
            System.out.printf("%nRatio %s : %s (p50)%n", targets.get(1).name(), targets.get(0).name());
            for (String operation : operations) {
                double second = median(nanos.get(targets.get(1).name() + "\t" + operation));
                double first = median(nanos.get(targets.get(0).name() + "\t" + operation));
                System.out.printf("  %-34s %5.2f%n", operation, second / first);
            }
        }
        if (!errors.isEmpty()) {
            System.out.println("ERRORS: " + errors);
            System.exit(1);
        }
    }

    static String etag(Target target) throws Exception {
        HttpResponse<Void> response = CLIENT.send(request(target, "GET", "/v1.0/me/photos/96x96/$value", null, null),
                HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("ETag").orElseThrow();
    }

    static boolean send(Target target, String method, String path, byte[] body, String ifNoneMatch, int expected) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(request(target, method, path, body, ifNoneMatch), HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == expected;
    }

    static HttpRequest request(Target target, String method, String path, byte[] body, String ifNoneMatch) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.origin() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + target.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            builder.header("Content-Type", "image/jpeg");
        }
        if (ifNoneMatch != null) {
            builder.header("If-None-Match", ifNoneMatch);
        }
        return builder.build();
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static double median(List<Long> samples) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return ms(sorted, 0.5);
    }
}
