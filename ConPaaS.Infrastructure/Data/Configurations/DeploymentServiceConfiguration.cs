using ConPaaS.Domain.Manifests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class DeploymentServiceConfiguration : IEntityTypeConfiguration<DeploymentService>
{
    public void Configure(EntityTypeBuilder<DeploymentService> builder)
    {
        builder.ToTable("DeploymentServices");
        builder.Property(s => s.Type).HasMaxLength(32);
        builder.Property(s => s.Name).HasMaxLength(Domain.Names.MaxLength);
        builder.Property(s => s.Stage).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Step).HasMaxLength(200);
        builder.Property(s => s.Error).HasMaxLength(4000);
    }
}
