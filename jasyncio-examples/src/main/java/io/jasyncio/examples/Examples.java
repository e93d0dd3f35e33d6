package io.jasyncio.examples;

import io.jasyncio.examples.redis.RedisJobs;

import java.util.List;
import java.util.Optional;

/** Every example, in the order the tour shows them. */
public final class Examples {
    private Examples() {}

    /** All examples, in tour order. */
    public static final List<Example> ALL = List.of(
            new ReadmeExample(),
            new HelloWorld(),
            new SayAfter(),
            new TaskStartedFinished(),
            new NestedCoroutine(),
            new FutureSetByTask(),
            new TaskException(),
            new BackgroundTasks(),
            new RunnerExample(),
            // structured concurrency
            new SayAfterGather(),
            new TaskGroupSayAfter(),
            new GatherFetches(),
            new AsCompletedFetches(),
            new WaitForEternity(),
            new ShieldSave(),
            new TaskTree(),
            new ToThreadBlocking(),
            // networking
            new TcpEchoStreams(),
            new TcpEchoProtocol(),
            new GracefulSigterm(),
            new HelloHttp(),
            new WebHello(),
            new WebRest(),
            new WebUpload(),
            new WebChat(),
            new Fetch(),
            new FetchGather(),
            new FetchChain(),
            new FetchTimeout(),
            new WsClient(),
            new UdpEcho(),
            new UnixEcho(),
            new TlsEcho(),
            new MultiLoopEcho(),
            new WebGroup(),
            new RedisJobs(),
            // sync primitives and queues
            new QueueWorkers(),
            new BoundedPipeline(),
            new LimitedDownloads(),
            new BarrierGroup(),
            new ThreadFeed(),
            // files
            new WriteToFile(),
            new CopyCountLines(),
            // databases
            new DbService(),
            // subprocesses
            new SubprocessLs(),
            new SubprocessParallel(),
            new SubprocessTalk()
    );

    /** The example with this name, if any. */
    public static Optional<Example> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
