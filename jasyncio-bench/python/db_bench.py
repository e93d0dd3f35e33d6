"""asyncpg with its pool beside DbBench (docs/benchmarks.md "Databases"):
python3 db_bench.py DSN QUERY CONC OPS."""
import asyncio
import sys
import time

import asyncpg

SQL = {
    "select1": "SELECT 1",
    "insert": "INSERT INTO bench_insert (v) VALUES ($1)",
    "rows100": "SELECT i, 'row ' || i FROM generate_series(1, 100) i",
}


async def main(dsn, query, conc, ops):
    pool = await asyncpg.create_pool(dsn, min_size=10, max_size=10,
                                     server_settings={"synchronous_commit": "off"})
    sql = SQL[query]
    share = ops // conc

    async def worker():
        for i in range(share):
            async with pool.acquire() as c:
                if query == "select1":
                    await c.fetchval(sql)
                elif query == "insert":
                    await c.execute(sql, i)
                else:
                    s = 0
                    for r in await c.fetch(sql):
                        s += r[0] + len(r[1])

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(conc)))
    s, cpu = time.perf_counter() - t0, time.process_time() - c0
    await pool.close()
    print(f"asyncpg  {query:<8} conc {conc:3d}  {ops / s:8.0f} q/s  cpu {cpu * 1e6 / ops:5.1f} µs/q")


asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
