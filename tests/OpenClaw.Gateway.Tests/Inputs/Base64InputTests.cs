using System.Text;
using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.Tests.Inputs;

/// <summary>The one reader of inline base64 media: caps checked on the announced size before decoding.</summary>
public sealed class Base64InputTests
{
    [Fact]
    public void Decode_WithinTheCaps_GivesTheBytes()
    {
        // Act
        var read = Base64Input.Decode(Ascii("QUJD"), maxBytes: 3, budget: 3);

        // Assert
        read.Fault.Should().Be(Base64Fault.None);
        read.Bytes.Should().Equal("ABC"u8.ToArray());
        read.Size.Should().Be(3);
    }

    [Fact]
    public void Decode_OverTheItemCap_IsTooLarge_BeforeAnythingIsDecoded()
    {
        // Arrange: not valid base64 either, which only a decode would find.
        var text = Ascii("QUJD QUJD !!!!");

        // Act
        var read = Base64Input.Decode(text, maxBytes: 5);

        // Assert
        read.Fault.Should().Be(Base64Fault.TooLarge);
        read.Size.Should().Be(9, "twelve significant characters announce nine bytes");
        read.Bytes.Should().BeNull();
    }

    [Fact]
    public void Decode_OverTheBudget_IsOverBudget_AfterTheItemCap()
    {
        // Act
        var overBudget = Base64Input.Decode(Ascii("QUJD"), maxBytes: 3, budget: 2);
        var overBoth = Base64Input.Decode(Ascii("QUJD"), maxBytes: 2, budget: 2);

        // Assert
        overBudget.Fault.Should().Be(Base64Fault.OverBudget);
        overBoth.Fault.Should().Be(Base64Fault.TooLarge);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Q")]
    [InlineData("QU*D")]
    [InlineData("QQ==QQ==")]
    public void Decode_EmptyOrNotBase64_IsInvalid(string text)
    {
        // Act
        var read = Base64Input.Decode(Ascii(text), maxBytes: 100);

        // Assert
        read.Fault.Should().Be(Base64Fault.Invalid);
        read.Bytes.Should().BeNull();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
