using OpenClaw.Gateway.Inputs;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Inputs;

/// <summary>The type an image input's bytes declare, checked against the allow-list.</summary>
public sealed class SniffedImageTests
{
    private static readonly string[] PngOnly = ["image/png"];

    [Fact]
    public void Of_AnAllowedImage_IsAllowed()
    {
        // Act
        var sniffed = SniffedImage.Of(TestImages.Png, PngOnly);

        // Assert
        sniffed.Should().Be(new SniffedImage("image/png", Allowed: true));
        sniffed.IsImage.Should().BeTrue();
    }

    [Fact]
    public void Of_AnImageOffTheList_IsAnImageButNotAllowed()
    {
        // Act
        var sniffed = SniffedImage.Of(TestImages.Jpeg, PngOnly);

        // Assert
        sniffed.Should().Be(new SniffedImage("image/jpeg", Allowed: false));
        sniffed.IsImage.Should().BeTrue();
    }

    [Fact]
    public void Of_APdfOrUnknownBytes_IsNoImage()
    {
        // Act
        var pdf = SniffedImage.Of(TestImages.Pdf, ["application/pdf"]);
        var unknown = SniffedImage.Of(TestImages.Svg, PngOnly);

        // Assert
        pdf.IsImage.Should().BeFalse();
        pdf.Allowed.Should().BeTrue("the allow-list alone decides Allowed; IsImage is the caller's second check");
        unknown.Should().Be(new SniffedImage(null, Allowed: false));
        unknown.IsImage.Should().BeFalse();
    }
}
