using Xunit.Abstractions;

namespace Switchboard.SocketIO.Tests.Parsing;

/// <summary>
/// Fuzzing of the Socket.IO packet decoder with attachments (issue 8). CI runs a short, fixed-seed run; the long run
/// (10^6 inputs and more) is documented in FUZZING.md and takes its size and seed from the environment.
/// </summary>
public class SocketPacketDecoderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Decode_GeneratedAndMutatedPackets_OnlyFormatErrorsNoHangProportionateAllocation()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_FUZZ_ITERATIONS"), out var n) ? n : 20_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_FUZZ_SEED"), out var s) ? s : 8;
        var fuzzer = new SocketPacketFuzzer(seed);
        var started = DateTime.UtcNow;

        fuzzer.Run(iterations);

        output.WriteLine(
            $"seed {seed}: {fuzzer.Inputs:N0} inputs ({fuzzer.Bytes:N0} bytes) in {DateTime.UtcNow - started}; " +
            $"{fuzzer.Decoded:N0} packets decoded, {fuzzer.Refused:N0} inputs refused with InvalidDataException, " +
            $"no other exception; slowest input {fuzzer.Slowest.TotalMilliseconds:F1} ms; " +
            $"most allocated for one input {fuzzer.MaxAllocation:N0} bytes, per input byte (inputs of 1 KiB or more) {fuzzer.MaxAllocationPerInputByte:F2}");
        Assert.Equal(iterations, fuzzer.Inputs);
        Assert.True(fuzzer.Refused > 0 && fuzzer.Decoded > 0);
    }
}
