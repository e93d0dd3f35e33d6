package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BoundedPipelineTest {
    @Test
    void producerIsHeldBackByTheBoundedQueue() throws Exception {
        assertEquals("""
                t=0 producer put item-1 (qsize 1)
                t=0 producer put item-2 (qsize 2)
                t=0 producer put item-3 (qsize 2)
                t=1 consumer finished item-1
                t=1 producer put item-4 (qsize 2)
                t=2 consumer finished item-2
                t=2 producer put item-5 (qsize 2)
                t=2 producer done
                t=3 consumer finished item-3
                t=4 consumer finished item-4
                t=5 consumer finished item-5
                t=5 consumer: queue shut down and drained
                """, ExampleOutput.of(new BoundedPipeline()));
    }
}
